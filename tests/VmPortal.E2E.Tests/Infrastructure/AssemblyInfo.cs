// Two cores: one real portal and one Chromium at a time keeps the journeys steady.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
