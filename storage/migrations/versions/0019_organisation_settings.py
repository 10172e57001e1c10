"""the organisation's own settings from Teams, one versioned row per save

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'organisation_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('why_paragraphs', sa.JSON(), nullable=False),
        sa.Column('supporters', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_organisation_settings_organisation_id_organisations'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['created_by'], ['people.id'],
            name=op.f('fk_organisation_settings_created_by_people'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_settings')),
        sa.UniqueConstraint(
            'organisation_id', 'version', name='uq_organisation_settings_organisation_version'
        ),
    )


def downgrade() -> None:
    op.drop_table('organisation_settings')
