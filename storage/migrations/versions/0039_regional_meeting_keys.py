"""regional meetings' outbox keys get a prefix of their own

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-06

Regional meetings and Innovationsteam meetings both keyed their messages "meeting-<id>-...",
each with ids of its own: cancelling regional meeting 5 cancelled the pending messages of team
meeting 5 (in whatever municipality), and the two reflection prompts of the same person under
the same id were one key, so one was never sent. Rows already written are renamed, so a job
after the upgrade finds what it enqueued before and sends nothing twice.
"""

from alembic import op

revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None

# The forms only a regional meeting writes: announce-, moved-, cancelled-, reminder-<person>-
# <stamp> (a team meeting's reminder is reminder-<stamp>); a reflection prompt is the same form
# for both, told apart by the regional card's button.
REGIONAL = (
    "idempotency_key LIKE 'meeting-%' AND ("
    " idempotency_key LIKE 'meeting-%-announce-%'"
    " OR idempotency_key LIKE 'meeting-%-moved-%'"
    " OR idempotency_key LIKE 'meeting-%-cancelled-%'"
    " OR idempotency_key LIKE 'meeting-%-reminder-%-%'"
    " OR (idempotency_key LIKE 'meeting-%-reflection-%'"
    "     AND payload LIKE '%reflect_regional_meeting%'))"
)


def upgrade() -> None:
    op.execute(f"UPDATE outbox SET idempotency_key = 'regional-' || idempotency_key WHERE {REGIONAL}")


def downgrade() -> None:
    op.execute(
        "UPDATE outbox SET idempotency_key = substr(idempotency_key, 10)"
        " WHERE idempotency_key LIKE 'regional-meeting-%'"
    )
