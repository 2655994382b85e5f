using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>The portal on a <see cref="TestClock"/>, for tests that compare a date with one the portal computed.</summary>
public sealed class FixedDayPortalApp() : PortalApp(new TestClock());

/// <summary>The demo estate on a <see cref="TestClock"/>, for journeys that read the day in blob names.</summary>
public sealed class FixedDayDemoPortalApp() : DemoPortalApp(new TestClock());
