"""processed_activities: keyed by tenant, conversation, kind and id

A messageUpdate or messageDelete reuses the id of the message it edits, so the id alone took an
edit for a redelivery of the message. The table holds only the last hours'
claims (pruned), so it is recreated rather than converted: a redelivery arriving across the
deploy may be handled twice, as it would be by a replica that had not yet seen the claim.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index(op.f('ix_processed_activities_received_at'), table_name='processed_activities')
    op.drop_table('processed_activities')
    op.create_table(
        'processed_activities',
        sa.Column('tenant_id', sa.String(length=100), nullable=False),
        sa.Column('conversation_id', sa.String(length=400), nullable=False),
        sa.Column('kind', sa.String(length=100), nullable=False),
        sa.Column('activity_id', sa.String(length=200), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            'tenant_id', 'conversation_id', 'kind', 'activity_id',
            name=op.f('pk_processed_activities'),
        ),
    )
    op.create_index(
        op.f('ix_processed_activities_received_at'), 'processed_activities', ['received_at']
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_processed_activities_received_at'), table_name='processed_activities')
    op.drop_table('processed_activities')
    op.create_table(
        'processed_activities',
        sa.Column('conversation_id', sa.String(length=400), nullable=False),
        sa.Column('activity_id', sa.String(length=200), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            'conversation_id', 'activity_id', name=op.f('pk_processed_activities')
        ),
    )
    op.create_index(
        op.f('ix_processed_activities_received_at'), 'processed_activities', ['received_at']
    )
