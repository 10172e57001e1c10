"""asking Teams for the addresses of people met only in the personal chat; when a cohort member
was tied to a person after the cohort was started

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'address_lookups',
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('tried_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('last_error', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ['person_id'], ['people.id'],
            name=op.f('fk_address_lookups_person_id_people'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_address_lookups_organisation_id_organisations'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('person_id', name=op.f('pk_address_lookups')),
    )
    op.create_index(op.f('ix_address_lookups_due_at'), 'address_lookups', ['due_at'], unique=False)
    with op.batch_alter_table('cohort_members') as batch:
        batch.add_column(sa.Column('bound_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cohort_members') as batch:
        batch.drop_column('bound_at')
    op.drop_index(op.f('ix_address_lookups_due_at'), table_name='address_lookups')
    op.drop_table('address_lookups')
