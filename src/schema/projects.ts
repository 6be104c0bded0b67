// Boards, sections, tasks (project and CRM-account tasks), comments and todo lists.
import { boolean, index, integer, jsonb, text, uuid, pgTable } from "drizzle-orm/pg-core";
import { CURRENT_TIMESTAMP, fk, fullText, id, idx, ts, version } from "./columns.js";
import { taskStatus } from "./enums.js";
import { crm_Accounts } from "./crm.js";
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
    user: uuid("user").notNull(),
    visibility: text("visibility"),
    sharedWith: uuid("sharedWith").array(),
    createdAt: ts("createdAt").default(CURRENT_TIMESTAMP),
    createdBy: uuid("createdBy"),
    updatedAt: ts("updatedAt"),
    updatedBy: uuid("updatedBy"),
  },
  (t) => [
    fk(t.user, Users.id, "restrict"),
    idx(t.user),
    idx(t.createdAt),
    idx(t.createdBy),
    idx(t.favourite),
    idx(t.updatedBy),
    idx(t.visibility),
    idx(t.user, t.favourite),
  ],
);

export const Sections = pgTable(
  "Sections",
  {
    id: id(),
    __v: version(),
    board: uuid("board").notNull(),
    title: text("title").notNull(),
    position: integer("position"),
  },
  (t) => [fk(t.board, Boards.id, "restrict"), idx(t.board)],
);

export const Tasks = pgTable(
  "Tasks",
  {
    id: id(),
    __v: version(),
    content: text("content"),
    createdAt: ts("createdAt").default(CURRENT_TIMESTAMP),
    createdBy: uuid("createdBy"),
    updatedAt: ts("updatedAt"),
    updatedBy: uuid("updatedBy"),
    dueDateAt: ts("dueDateAt").default(CURRENT_TIMESTAMP),
    lastEditedAt: ts("lastEditedAt").default(CURRENT_TIMESTAMP),
    position: integer("position").notNull(),
    priority: text("priority").notNull(),
    section: uuid("section"),
    tags: jsonb("tags"),
    title: text("title").notNull(),
    likes: integer("likes").default(0),
    user: uuid("user"),
    taskStatus: taskStatus("taskStatus").default("ACTIVE"),
  },
  (t) => [
    fk(t.user, Users.id, "set null"),
    fk(t.section, Sections.id, "set null"),
    idx(t.user),
    idx(t.section),
    idx(t.priority),
    idx(t.createdAt),
    idx(t.createdBy),
    idx(t.dueDateAt),
    idx(t.updatedBy),
    idx(t.taskStatus),
    idx(t.user, t.taskStatus),
    // The specification's own, which the release lacks (docs/ARCHITECTURE.md, "The target schema").
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
    createdAt: ts("createdAt").default(CURRENT_TIMESTAMP),
    createdBy: uuid("createdBy"),
    updatedAt: ts("updatedAt"),
    updatedBy: uuid("updatedBy"),
    dueDateAt: ts("dueDateAt").default(CURRENT_TIMESTAMP),
    priority: text("priority").notNull(),
    tags: jsonb("tags"),
    title: text("title").notNull(),
    likes: integer("likes").default(0),
    user: uuid("user"),
    taskStatus: taskStatus("taskStatus").default("ACTIVE"),
    account: uuid("account"),
  },
  (t) => [
    fk(t.user, Users.id, "set null"),
    fk(t.account, crm_Accounts.id, "set null"),
    idx(t.user),
    idx(t.account),
    idx(t.priority),
    idx(t.createdAt),
    idx(t.createdBy),
    idx(t.dueDateAt),
    idx(t.updatedBy),
    idx(t.taskStatus),
    idx(t.account, t.taskStatus),
    // The specification's own, which the release lacks (docs/ARCHITECTURE.md, "The target schema").
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
    createdAt: ts("createdAt").notNull().default(CURRENT_TIMESTAMP),
    // Nullable although the release requires it: the app wrote crm_Accounts_Tasks ids here, and the
    // redirect repair moves those to assigned_crm_account_task. NextCRM's own later migration
    // make_tasks_comments_task_nullable makes the same change.
    task: uuid("task"),
    user: uuid("user").notNull(),
    assigned_crm_account_task: uuid("assigned_crm_account_task"),
  },
  (t) => [
    fk(t.task, Tasks.id, "cascade"),
    fk(t.user, Users.id, "restrict"),
    fk(t.assigned_crm_account_task, crm_Accounts_Tasks.id, "set null"),
    idx(t.task),
    idx(t.user),
    idx(t.assigned_crm_account_task),
  ],
);

export const TodoList = pgTable("TodoList", {
  id: id(),
  createdAt: text("createdAt").notNull(),
  description: text("description").notNull(),
  title: text("title").notNull(),
  url: text("url").notNull(),
  user: text("user").notNull(),
});
