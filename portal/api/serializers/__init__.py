"""What the API answers with: read-only serializers of the portal's rows and of the
figures the queries derive, one module per part of the journey. Input is validated by
the site's forms (``views``); the input serializers only describe it in the schema."""
