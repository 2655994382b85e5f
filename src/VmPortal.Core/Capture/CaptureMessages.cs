namespace VmPortal.Core.Capture;

/// <summary>The sentences of captures (CaptureMessages.resx, English and 简体中文): blockers, consequences, warnings, steps and failures.</summary>
public sealed class CaptureMessages : ResourceText<CaptureMessages>;
