import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0002_render_formulas"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseimage",
            name="case",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="images",
                to="casestudies.casestudy",
            ),
        ),
        migrations.AddField(
            model_name="caseimage",
            name="token",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
    ]
