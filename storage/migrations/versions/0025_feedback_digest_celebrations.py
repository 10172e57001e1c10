"""answers to suggestions (with the anonymous sender's relay pointer), the weekly digest per
organisation and week, and celebrations sent to a cohort

Revision ID: 0025
Revises: 0020
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0025'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'feedback_relays',
        sa.Column('feedback_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['feedback_id'], ['feedback.id'],
            name=op.f('fk_feedback_relays_feedback_id_feedback'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['person_id'], ['people.id'],
            name=op.f('fk_feedback_relays_person_id_people'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('feedback_id', name=op.f('pk_feedback_relays')),
    )
    op.create_table(
        'feedback_answers',
        sa.Column('feedback_id', sa.Integer(), nullable=False),
        sa.Column('answered_by', sa.Integer(), nullable=True),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['feedback_id'], ['feedback.id'],
            name=op.f('fk_feedback_answers_feedback_id_feedback'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['answered_by'], ['people.id'],
            name=op.f('fk_feedback_answers_answered_by_people'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('feedback_id', name=op.f('pk_feedback_answers')),
    )
    op.create_table(
        'feedback_digests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('week', sa.String(length=10), nullable=False),
        sa.Column('until', sa.DateTime(timezone=True), nullable=False),
        sa.Column('suggestions', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_feedback_digests_organisation_id_organisations'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_digests')),
        sa.UniqueConstraint('organisation_id', 'week', name='uq_feedback_digests_week'),
    )
    op.create_table(
        'celebrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('sent_by', sa.Integer(), nullable=True),
        sa.Column('recipients', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_celebrations_organisation_id_organisations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['cohort_id'], ['cohorts.id'],
            name=op.f('fk_celebrations_cohort_id_cohorts'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['sent_by'], ['people.id'],
            name=op.f('fk_celebrations_sent_by_people'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_celebrations')),
        sa.UniqueConstraint('token', name=op.f('uq_celebrations_token')),
    )


def downgrade() -> None:
    op.drop_table('celebrations')
    op.drop_table('feedback_digests')
    op.drop_table('feedback_answers')
    op.drop_table('feedback_relays')
