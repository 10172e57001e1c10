"""regional meetings and each participant's answer

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'regional_meetings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('regional_cohort_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('theme', sa.String(length=200), nullable=False),
        sa.Column('agenda', sa.Text(), nullable=False),
        sa.Column('guest', sa.String(length=200), nullable=False),
        sa.Column('link', sa.String(length=2000), nullable=False),
        sa.Column('cancelled', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['regional_cohort_id'], ['regional_cohorts.id'],
            name=op.f('fk_regional_meetings_regional_cohort_id_regional_cohorts'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_regional_meetings')),
    )
    op.create_index(
        op.f('ix_regional_meetings_regional_cohort_id'), 'regional_meetings',
        ['regional_cohort_id'], unique=False,
    )
    op.create_index(
        op.f('ix_regional_meetings_starts_at'), 'regional_meetings', ['starts_at'], unique=False
    )
    op.create_table(
        'regional_meeting_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('coming', sa.Boolean(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['meeting_id'], ['regional_meetings.id'],
            name=op.f('fk_regional_meeting_answers_meeting_id_regional_meetings'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['person_id'], ['people.id'],
            name=op.f('fk_regional_meeting_answers_person_id_people'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_regional_meeting_answers_organisation_id_organisations'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_regional_meeting_answers')),
        sa.UniqueConstraint(
            'meeting_id', 'person_id', name='uq_regional_meeting_answers_person'
        ),
    )


def downgrade() -> None:
    op.drop_table('regional_meeting_answers')
    op.drop_index(op.f('ix_regional_meetings_starts_at'), table_name='regional_meetings')
    op.drop_index(op.f('ix_regional_meetings_regional_cohort_id'), table_name='regional_meetings')
    op.drop_table('regional_meetings')
