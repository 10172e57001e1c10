"""one-to-one contacts: requests, pairs (never the same two people twice), job leases

Revision ID: 0032
Revises: 0033
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0032'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'contact_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('topic', sa.String(length=60), nullable=False),
        sa.Column('theme', sa.String(length=60), nullable=False),
        sa.Column('intro', sa.Text(), nullable=False),
        sa.Column('role', sa.String(length=200), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_contact_requests_organisation_id_organisations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['person_id'], ['people.id'],
            name=op.f('fk_contact_requests_person_id_people'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_requests')),
    )
    op.create_index(
        op.f('ix_contact_requests_person_id'), 'contact_requests', ['person_id'], unique=False
    )
    op.create_index(
        op.f('ix_contact_requests_state'), 'contact_requests', ['state'], unique=False
    )
    op.create_table(
        'contact_pairs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_low_id', sa.Integer(), nullable=False),
        sa.Column('person_high_id', sa.Integer(), nullable=False),
        sa.Column('request_low_id', sa.Integer(), nullable=False),
        sa.Column('request_high_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('topic', sa.String(length=60), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('answer_low', sa.Boolean(), nullable=True),
        sa.Column('answer_high', sa.Boolean(), nullable=True),
        sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            'person_low_id < person_high_id', name=op.f('ck_contact_pairs_ordered')
        ),
        sa.ForeignKeyConstraint(
            ['person_low_id'], ['people.id'],
            name=op.f('fk_contact_pairs_person_low_id_people'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['person_high_id'], ['people.id'],
            name=op.f('fk_contact_pairs_person_high_id_people'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['request_low_id'], ['contact_requests.id'],
            name=op.f('fk_contact_pairs_request_low_id_contact_requests'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['request_high_id'], ['contact_requests.id'],
            name=op.f('fk_contact_pairs_request_high_id_contact_requests'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_pairs')),
        # The same two people are never proposed twice, in either order (ids stored ordered).
        sa.UniqueConstraint('person_low_id', 'person_high_id', name='uq_contact_pairs_people'),
    )
    op.create_index(
        op.f('ix_contact_pairs_person_high_id'), 'contact_pairs', ['person_high_id'], unique=False
    )
    op.create_index(op.f('ix_contact_pairs_state'), 'contact_pairs', ['state'], unique=False)
    op.create_table(
        'job_leases',
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('holder', sa.String(length=40), nullable=False),
        sa.Column('until', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_job_leases')),
    )


def downgrade() -> None:
    op.drop_table('job_leases')
    op.drop_index(op.f('ix_contact_pairs_state'), table_name='contact_pairs')
    op.drop_index(op.f('ix_contact_pairs_person_high_id'), table_name='contact_pairs')
    op.drop_table('contact_pairs')
    op.drop_index(op.f('ix_contact_requests_state'), table_name='contact_requests')
    op.drop_index(op.f('ix_contact_requests_person_id'), table_name='contact_requests')
    op.drop_table('contact_requests')
