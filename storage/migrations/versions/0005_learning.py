"""learning: exercises started, module progress, learners, reflection posts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "learning_exercises",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=60), nullable=False),
        sa.Column("module_id", sa.String(length=60), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        _fk("learning_exercises", "person_id", "people.id"),
        sa.PrimaryKeyConstraint("person_id", "exercise_id", name=op.f("pk_learning_exercises")),
    )
    op.create_table(
        "learning_modules",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=60), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("group_session_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        _fk("learning_modules", "person_id", "people.id"),
        sa.PrimaryKeyConstraint("person_id", "module_id", name=op.f("pk_learning_modules")),
    )
    op.create_table(
        "learners",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("writing_exercise_id", sa.String(length=60), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk("learners", "person_id", "people.id"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_learners")),
    )
    op.create_table(
        "reflection_posts",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk("reflection_posts", "entry_id", "workbook_entries.id"),
        _fk("reflection_posts", "group_id", "groups.id"),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_reflection_posts")),
    )
    op.create_index(
        "ix_reflection_posts_group_updated", "reflection_posts", ["group_id", "updated_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_reflection_posts_group_updated", table_name="reflection_posts")
    op.drop_table("reflection_posts")
    op.drop_table("learners")
    op.drop_table("learning_modules")
    op.drop_table("learning_exercises")
