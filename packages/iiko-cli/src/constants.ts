/** Every default of the command, in one place. */
export const CLI_DEFAULTS = {
  /** The account id records and the sync log are filed under when `--account` is not given. */
  accountId: 'default',
  /** The currency of the built-in fake chain, whose invoices are Russian. */
  fakeCurrency: 'RUB',
  /**
   * Size of the built-in fake chain (`--fake`): a small real customer, big enough for the progress display
   * to mean something, small enough to sync in about a second.
   */
  fakeChain: {
    restaurants: 5,
    storesPerRestaurant: 3,
    suppliers: 60,
    invoices: 400,
    linesPerInvoice: [1, 12] as const,
    /**
     * Days of invoices, ending today: inside the 90 days a sync reads on its first run, so the whole
     * chain lands.
     */
    invoiceDays: 80,
  },
  /** Widest cell of `--format table`; longer values end in `…` (the other formats keep everything). */
  tableCellWidth: 48,
} as const;
