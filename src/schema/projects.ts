// Boards, sections, tasks (project and CRM-account tasks), comments and todo lists.
import { boolean, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { fullText, id, ref, ts, version } from "./columns.js";
import { crm_Accounts } from "./crm.js";
import { taskStatus } from "./enums.js";
import { Users } from "./system.js";

export const Boards = pgTable(
  "Boards",
  {
    id: id(),
    __v: version(),
    description: text("description").notNull(),
    favourite: boolean("favourite"),
    favouritePosition: integer("favouritePosition"),
    icon: text("icon"),
    position: integer("position"),
    title: text("title").notNull(),
    user: ref("user", () => Users.id, true),
    visibility: text("visibility"),
    sharedWith: uuid("sharedWith").array(),
    createdAt: ts("createdAt").defaultNow(),
    createdBy: uuid("createdBy"),
    updatedAt: ts("updatedAt"),
    updatedBy: uuid("updatedBy"),
  },
  (t) => [
    index("boards_user_idx").on(t.user),
    index("boards_favourite_idx").on(t.favourite),
    index("boards_visibility_idx").on(t.visibility),
    index("boards_created_at_idx").on(t.createdAt),
    index("boards_user_favourite_idx").on(t.user, t.favourite),
  ],
);

export const Sections = pgTable(
  "Sections",
  {
    id: id(),
    __v: version(),
    // Prisma declares no relation here and real databases hold orphans, so the column is
    // nullable: an orphan section keeps its tasks and loses only the dangling board id
    // (kept in _migration_unmapped).
    board: ref("board", () => Boards.id),
    title: text("title").notNull(),
    position: integer("position"),
  },
  (t) => [index("sections_board_idx").on(t.board)],
);

export const Tasks = pgTable(
  "Tasks",
  {
    id: id(),
    __v: version(),
    content: text("content"),
    createdAt: ts("createdAt").defaultNow(),
    createdBy: uuid("createdBy"),
    updatedAt: ts("updatedAt"),
    updatedBy: uuid("updatedBy"),
    dueDateAt: ts("dueDateAt").defaultNow(),
    lastEditedAt: ts("lastEditedAt").defaultNow(),
    position: integer("position").notNull(),
    priority: text("priority").notNull(),
    section: ref("section", () => Sections.id),
    tags: jsonb("tags"),
    title: text("title").notNull(),
    likes: integer("likes").default(0),
    user: ref("user", () => Users.id),
    taskStatus: taskStatus("taskStatus").default("ACTIVE"),
  },
  (t) => [
    index("tasks_user_idx").on(t.user),
    index("tasks_section_idx").on(t.section),
    index("tasks_priority_idx").on(t.priority),
    index("tasks_status_idx").on(t.taskStatus),
    index("tasks_due_date_idx").on(t.dueDateAt),
    index("tasks_created_at_idx").on(t.createdAt),
    index("tasks_user_status_idx").on(t.user, t.taskStatus),
    index("tasks_title_fts_idx").using("gin", fullText(t.title, t.content)),
    index("tasks_tags_gin_idx").using("gin", t.tags),
  ],
);

export const crm_Accounts_Tasks = pgTable(
  "crm_Accounts_Tasks",
  {
    id: id(),
    __v: version(),
    content: text("content"),
    createdAt: ts("createdAt").defaultNow(),
    createdBy: uuid("createdBy"),
    updatedAt: ts("updatedAt"),
    updatedBy: uuid("updatedBy"),
    dueDateAt: ts("dueDateAt").defaultNow(),
    priority: text("priority").notNull(),
    tags: jsonb("tags"),
    title: text("title").notNull(),
    likes: integer("likes").default(0),
    user: ref("user", () => Users.id),
    account: ref("account", () => crm_Accounts.id),
    taskStatus: taskStatus("taskStatus").default("ACTIVE"),
  },
  (t) => [
    index("crm_accounts_tasks_user_idx").on(t.user),
    index("crm_accounts_tasks_account_idx").on(t.account),
    index("crm_accounts_tasks_priority_idx").on(t.priority),
    index("crm_accounts_tasks_status_idx").on(t.taskStatus),
    index("crm_accounts_tasks_due_date_idx").on(t.dueDateAt),
    index("crm_accounts_tasks_created_at_idx").on(t.createdAt),
    index("crm_accounts_tasks_account_status_idx").on(t.account, t.taskStatus),
    index("crm_accounts_tasks_title_fts_idx").using("gin", fullText(t.title, t.content)),
    index("crm_accounts_tasks_tags_gin_idx").using("gin", t.tags),
  ],
);

export const tasksComments = pgTable(
  "tasksComments",
  {
    id: id(),
    __v: version(),
    comment: text("comment").notNull(),
    createdAt: ts("createdAt").notNull().defaultNow(),
    // Nullable although Prisma requires it: the app wrote crm_Accounts_Tasks ids here, and the
    // repair moves those to assigned_crm_account_task (DESIGN sections 1 and 4).
    task: uuid("task").references(() => Tasks.id, { onDelete: "cascade" }),
    user: ref("user", () => Users.id, true),
    assigned_crm_account_task: ref("assigned_crm_account_task", () => crm_Accounts_Tasks.id),
  },
  (t) => [
    index("tasks_comments_task_idx").on(t.task),
    index("tasks_comments_user_idx").on(t.user),
    index("tasks_comments_assigned_crm_account_task_idx").on(t.assigned_crm_account_task),
  ],
);

export const TodoList = pgTable("TodoList", {
  id: id(),
  // A string in NextCRM's schema, and kept as the string the app wrote.
  createdAt: text("createdAt").notNull(),
  description: text("description").notNull(),
  title: text("title").notNull(),
  url: text("url").notNull(),
  user: text("user").notNull(),
});
