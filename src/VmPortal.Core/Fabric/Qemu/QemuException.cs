namespace VmPortal.Core.Fabric.Qemu;

/// <summary>QEMU, its control socket or its guest agent did not do what was asked; the operation that asked fails with it.</summary>
public sealed class QemuException(string message, Exception? inner = null) : Exception(message, inner);
