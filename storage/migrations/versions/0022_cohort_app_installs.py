"""installing the app for a cohort's unreachable leaders through Graph, one row each

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'cohort_app_installs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['cohort_id'], ['cohorts.id'],
            name=op.f('fk_cohort_app_installs_cohort_id_cohorts'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['member_id'], ['cohort_members.id'],
            name=op.f('fk_cohort_app_installs_member_id_cohort_members'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_app_installs')),
        sa.UniqueConstraint('member_id', name=op.f('uq_cohort_app_installs_member_id')),
    )
    op.create_index(
        op.f('ix_cohort_app_installs_due_at'), 'cohort_app_installs', ['due_at'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_cohort_app_installs_due_at'), table_name='cohort_app_installs')
    op.drop_table('cohort_app_installs')
