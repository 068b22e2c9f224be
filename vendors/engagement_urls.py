app_name = "vetting"

urlpatterns: list = []
