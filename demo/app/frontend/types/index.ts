export type FlashData = {
  notice?: string
  alert?: string
}

export type SharedProps = {}
