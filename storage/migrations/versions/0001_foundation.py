"""foundation: organisations, people, groups, conversations, dedupe, bot state

Revision ID: 0001
Revises: -
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('bot_state',
    sa.Column('key', sa.String(length=1024), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_bot_state'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('tenant_id', name=op.f('uq_organisations_tenant_id'))
    )
    op.create_table('processed_activities',
    sa.Column('conversation_id', sa.String(length=400), nullable=False),
    sa.Column('activity_id', sa.String(length=200), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('conversation_id', 'activity_id', name=op.f('pk_processed_activities'))
    )
    with op.batch_alter_table('processed_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_processed_activities_received_at'), ['received_at'], unique=False)

    op.create_table('groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('aad_group_id', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_groups_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups')),
    sa.UniqueConstraint('organisation_id', 'team_id', name=op.f('uq_groups_organisation_id'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('aad_object_id', sa.String(length=64), nullable=False),
    sa.Column('teams_user_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('welcomed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_people_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('organisation_id', 'aad_object_id', name=op.f('uq_people_organisation_id'))
    )
    op.create_table('conversation_refs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=400), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('service_url', sa.String(length=400), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_conversation_refs_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_conversation_refs_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_conversation_refs_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_refs')),
    sa.UniqueConstraint('organisation_id', 'conversation_id', name=op.f('uq_conversation_refs_organisation_id'))
    )
    with op.batch_alter_table('conversation_refs', schema=None) as batch_op:
        batch_op.create_index('ix_conversation_refs_group', ['group_id'], unique=False)
        batch_op.create_index('ix_conversation_refs_person', ['person_id'], unique=False)

    op.create_table('memberships',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_memberships_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_memberships_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'person_id', name=op.f('pk_memberships'))
    )



def downgrade() -> None:

    op.drop_table('memberships')
    with op.batch_alter_table('conversation_refs', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_refs_person')
        batch_op.drop_index('ix_conversation_refs_group')

    op.drop_table('conversation_refs')
    op.drop_table('people')
    op.drop_table('groups')
    with op.batch_alter_table('processed_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_processed_activities_received_at'))

    op.drop_table('processed_activities')
    op.drop_table('organisations')
    op.drop_table('bot_state')

