namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>
/// One plain portal shared by the API, ASM and header test classes, which only call it over HTTP and each make names of
/// their own: a portal of their own each cost a start (its Azurite, its database, its users) per class. Its storage health
/// check runs once, when the last of them has run, and fails the run on anything any of them left behind.
/// </summary>
[CollectionDefinition]
public sealed class ApiPortal : ICollectionFixture<PortalApp>;
