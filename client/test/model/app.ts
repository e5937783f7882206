/**
 * The simulated Rails app: which identifiers exist, which pages render which props, and which
 * identifiers each prop depends on (what the page's components pass to `syncWithRails`).
 */
export const IDENTIFIERS = [
  'Account:all',
  'Account:a1',
  'Account:a1/account_users',
  'Account:a2',
  'Account:a2/account_users',
  'User:all',
] as const

export type Identifier = (typeof IDENTIFIERS)[number]

export interface Route {
  component: string
  /** prop → the identifiers its data is read from (empty: static, never synced). */
  props: Record<string, Identifier[]>
  /** The page's components: each maps identifiers to the prop they keep in sync. */
  components: Array<{ name: string; mappings: Array<[Identifier, string]> }>
}

const accountPage = (id: 'a1' | 'a2'): Route => ({
  component: 'Accounts/Show',
  props: {
    accounts: ['Account:all'],
    account: [`Account:${id}`, `Account:${id}/account_users`],
    note: [],
  },
  components: [
    { name: 'list', mappings: [['Account:all', 'accounts']] },
    {
      name: 'detail',
      mappings: [
        [`Account:${id}`, 'account'],
        [`Account:${id}/account_users`, 'account'],
      ],
    },
  ],
})

export const ROUTES: Record<string, Route> = {
  '/accounts/a1': accountPage('a1'),
  '/accounts/a2': accountPage('a2'),
  '/users': {
    component: 'Users/Index',
    props: { users: ['User:all'], accounts: ['Account:all'] },
    components: [
      {
        name: 'users',
        mappings: [
          ['User:all', 'users'],
          ['Account:all', 'accounts'],
        ],
      },
    ],
  },
  '/settings': {
    component: 'Settings/Show',
    props: { settings: [] },
    components: [],
  },
}

/** The pages a user follows links to. */
export const PATHS = Object.keys(ROUTES)

/** Where an ended session is sent (the demo's `redirect_to new_session_path`): nothing synced. */
export const LOGIN_PATH = '/session/new'
export const LOGIN_COMPONENT = 'sessions/new'
ROUTES[LOGIN_PATH] = { component: LOGIN_COMPONENT, props: {}, components: [] }
/** The login form's POST: signs in and redirects to the page the session ended on. */
export const SIGN_IN_PATH = '/session'
/** Where signing in goes when no page was remembered (the app's root). */
export const HOME_PATH = '/accounts/a1'

/** Where POSTs go: the server commits the identifiers named in the body and redirects back. */
export const POST_PATH = '/touch'
