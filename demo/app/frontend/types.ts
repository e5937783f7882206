// The shapes of the props the demo's controllers render.
export interface Flash {
  notice?: string
  alert?: string
}

export interface CurrentUser {
  id: string
  email_address: string
  site_admin: boolean
}

export interface SharedProps {
  current_user: CurrentUser | null
  flash: Flash
}

export interface AccountSummary {
  id: string
  name: string
  members_count: number
}

export interface Member {
  id: string
  user: { id: string; email_address: string }
}

export interface AccountWithMembers extends AccountSummary {
  account_users: Member[]
}

export interface Task {
  id: string
  title: string
  position: number
  done: boolean
}

/** Shared by the feature pages (tasks, overview): sent once, then reused by the client. */
export interface FeatureSharedProps extends SharedProps {
  account_count: number
}
