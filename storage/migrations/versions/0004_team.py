"""team: introductions, meetings, meeting proposals, meeting confirmations

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.split('.')[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f'fk_{table}_{column}_{referred}'), ondelete='CASCADE'
    )


def upgrade() -> None:
    op.create_table('introductions',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('who', sa.Text(), nullable=False),
    sa.Column('leads', sa.Text(), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    _fk('introductions', 'group_id', 'groups.id'),
    _fk('introductions', 'person_id', 'people.id'),
    sa.PrimaryKeyConstraint('group_id', 'person_id', name=op.f('pk_introductions'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.String(length=400), nullable=True),
    sa.Column('join_url', sa.Text(), nullable=True),
    sa.Column('booked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    _fk('meetings', 'group_id', 'groups.id'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('group_id', 'number', name=op.f('uq_meetings_group_id'))
    )
    op.create_index('ix_meetings_state_starts_at', 'meetings', ['state', 'starts_at'])
    op.create_table('meeting_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('excused', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _fk('meeting_proposals', 'meeting_id', 'meetings.id'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_proposals'))
    )
    op.create_index(
        'ix_meeting_proposals_meeting_state', 'meeting_proposals', ['meeting_id', 'state']
    )
    op.create_table('meeting_confirmations',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    _fk('meeting_confirmations', 'proposal_id', 'meeting_proposals.id'),
    _fk('meeting_confirmations', 'person_id', 'people.id'),
    sa.PrimaryKeyConstraint('proposal_id', 'person_id', name=op.f('pk_meeting_confirmations'))
    )


def downgrade() -> None:
    op.drop_table('meeting_confirmations')
    op.drop_index('ix_meeting_proposals_meeting_state', table_name='meeting_proposals')
    op.drop_table('meeting_proposals')
    op.drop_index('ix_meetings_state_starts_at', table_name='meetings')
    op.drop_table('meetings')
    op.drop_table('introductions')
