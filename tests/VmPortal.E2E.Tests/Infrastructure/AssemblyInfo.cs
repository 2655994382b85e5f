// Two cores: one real portal and one Chromium at a time keeps the journeys steady.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
