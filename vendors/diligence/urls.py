app_name = "diligence"

urlpatterns: list = []
