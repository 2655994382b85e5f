namespace VmPortal.Core.Fabric.Qemu;

/// <summary>A client broke the NBD protocol; the server ends that connection and no other.</summary>
internal sealed class NbdProtocolException(string message) : Exception(message);
