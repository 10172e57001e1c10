"""evaluations of a cohort (mid-term, final): dates, questions, who answered, what (apart)

Revision ID: 0024
Revises: 0022
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'evaluations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('opens_on', sa.Date(), nullable=False),
        sa.Column('send_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('remind_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('questions', sa.Text(), nullable=True),
        sa.Column('questions_version', sa.Integer(), nullable=False),
        sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_evaluations_organisation_id_organisations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['cohort_id'], ['cohorts.id'],
            name=op.f('fk_evaluations_cohort_id_cohorts'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations')),
        sa.UniqueConstraint('cohort_id', 'kind', name='uq_evaluations_cohort_kind'),
    )
    op.create_table(
        'evaluation_responses',
        sa.Column('evaluation_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['evaluation_id'], ['evaluations.id'],
            name=op.f('fk_evaluation_responses_evaluation_id_evaluations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['person_id'], ['people.id'],
            name=op.f('fk_evaluation_responses_person_id_people'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'evaluation_id', 'person_id', name=op.f('pk_evaluation_responses')
        ),
    )
    op.create_table(
        'evaluation_answers',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('evaluation_id', sa.Integer(), nullable=False),
        sa.Column('question', sa.String(length=10), nullable=False),
        sa.Column('grade', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ['evaluation_id'], ['evaluations.id'],
            name=op.f('fk_evaluation_answers_evaluation_id_evaluations'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_answers')),
    )


def downgrade() -> None:
    op.drop_table('evaluation_answers')
    op.drop_table('evaluation_responses')
    op.drop_table('evaluations')
