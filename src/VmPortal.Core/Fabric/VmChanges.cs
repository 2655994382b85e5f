namespace VmPortal.Core.Fabric;

/// <summary>The id of a VM whose status changed outside an operation (its guest became ready), for live pages.</summary>
public sealed class VmChanges : Broadcast<int>;
