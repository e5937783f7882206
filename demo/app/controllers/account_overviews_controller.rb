# One account on one page, built from nested props so that partial reloads name them by path
# (`only: ["account.name"]`), beside the other kinds of Inertia props: once, deferred, optional and
# always. Also links to the account page with a prefetch tagged by the account's identifier.
class AccountOverviewsController < FeaturesController
  include NestedAccountProp

  def show
    account = @account
    render inertia: "accounts/overview", props: {
      account: nested_account_prop(account),
      # Page-level once: sent on the first visit, reused by the client on reloads of other props.
      motto: InertiaRails.once { "#{account.name} gets things done" },
      # Loaded by the client right after the page shows.
      activity: InertiaRails.defer { "Last edited: #{account.tasks.order(:updated_at, :id).last&.title}" },
      # Loaded only when asked for.
      first_task: InertiaRails.optional { account.tasks.order(:position, :id).first&.title },
      # In every response, partial reloads included.
      headline: InertiaRails.always { "#{account.name} at a glance" }
    }
  end
end
