"""meeting follow-up: announced/digest/held marks on meetings, attendees, insights

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meetings') as batch:
        batch.add_column(sa.Column('announced_for', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('digest_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('held_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('meeting_attendees',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.String(length=60), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'],
                            name=op.f('fk_meeting_attendees_meeting_id_meetings'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                            name=op.f('fk_meeting_attendees_person_id_people'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'person_id', name=op.f('pk_meeting_attendees'))
    )
    op.create_table('meeting_insights',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('insights', sa.JSON(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'],
                            name=op.f('fk_meeting_insights_meeting_id_meetings'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                            name=op.f('fk_meeting_insights_person_id_people'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_meeting_insights'))
    )


def downgrade() -> None:
    op.drop_table('meeting_insights')
    op.drop_table('meeting_attendees')
    with op.batch_alter_table('meetings') as batch:
        batch.drop_column('held_at')
        batch.drop_column('digest_at')
        batch.drop_column('announced_for')
