import casestudies.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0004_attach_images_to_cases"),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseimage",
            name="token",
            field=models.CharField(
                default=casestudies.models.new_image_token, editable=False, max_length=32, unique=True
            ),
        ),
    ]
