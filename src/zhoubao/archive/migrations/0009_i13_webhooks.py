"""The send ledger's rows carry their channel (email or an IM group robot), unique per issue, round, channel and
target (issue 13: webhooks)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0008_merge_i13_i14"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="delivery",
            name="delivery_unique_email",
        ),
        migrations.AddField(
            model_name="delivery",
            name="channel",
            field=models.CharField(choices=[("email", "邮件"), ("webhook", "群机器人")], default="email",
                                   max_length=16),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(fields=("issue", "round", "channel", "email"),
                                               name="delivery_unique_target"),
        ),
    ]
