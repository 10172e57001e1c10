"""journey: onboarding progress, learning plan, workbook entries, maturity scores, work sessions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _person(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ['person_id'], ['people.id'], name=op.f(f'fk_{table}_person_id_people'), ondelete='CASCADE'
    )


def upgrade() -> None:
    op.create_table('onboarding_progress',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=30), nullable=False),
    sa.Column('module_index', sa.Integer(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    _person('onboarding_progress'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_onboarding_progress'))
    )
    op.create_table('learning_plans',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('familiarity', sa.JSON(), nullable=False),
    sa.Column('module_order', sa.JSON(), nullable=False),
    sa.Column('exercise_numbers', sa.JSON(), nullable=False),
    sa.Column('parts_of_day', sa.JSON(), nullable=False),
    sa.Column('frequency', sa.String(length=30), nullable=True),
    sa.Column('proposal', sa.JSON(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    _person('learning_plans'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_learning_plans'))
    )
    op.create_table('workbook_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('module_id', sa.String(length=60), nullable=True),
    sa.Column('exercise_id', sa.String(length=60), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('draft', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    _person('workbook_entries'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workbook_entries'))
    )
    op.create_index('ix_workbook_entries_person_kind', 'workbook_entries', ['person_id', 'kind'])
    op.create_table('maturity_scores',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('checkpoint', sa.String(length=30), nullable=False),
    sa.Column('area_id', sa.String(length=60), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=False),
    _person('maturity_scores'),
    sa.PrimaryKeyConstraint('person_id', 'checkpoint', 'area_id', name=op.f('pk_maturity_scores'))
    )
    op.create_table('work_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event_id', sa.String(length=400), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _person('work_sessions'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_sessions'))
    )
    op.create_index('ix_work_sessions_person_start', 'work_sessions', ['person_id', 'starts_at'])


def downgrade() -> None:
    op.drop_index('ix_work_sessions_person_start', table_name='work_sessions')
    op.drop_table('work_sessions')
    op.drop_table('maturity_scores')
    op.drop_index('ix_workbook_entries_person_kind', table_name='workbook_entries')
    op.drop_table('workbook_entries')
    op.drop_table('learning_plans')
    op.drop_table('onboarding_progress')
