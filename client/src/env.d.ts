// @rails/actioncable ships no types; the registry only needs `createConsumer`.
declare module '@rails/actioncable' {
  export function createConsumer(url?: string): unknown
}
