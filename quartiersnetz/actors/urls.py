
app_name = "actors"

urlpatterns: list = []
