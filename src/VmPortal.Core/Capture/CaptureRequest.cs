namespace VmPortal.Core.Capture;

/// <summary>R6: what a capture is asked for (API.md <c>Capture</c>). The label defaults to the name.</summary>
public sealed record CaptureRequest(
    string? OsState,
    string? ImageName,
    string? ImageLabel = null,
    string? Description = null,
    string? Language = null,
    string? ImageFamily = null,
    string? RecommendedVmSize = null,
    bool DeleteSourceDisks = false,
    IReadOnlyDictionary<string, string>? Tags = null,
    string? Version = null,
    bool ExcludeFromLatest = false);
