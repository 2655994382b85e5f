using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Images;

/// <summary>Field values of image requests as a client spells them, each turned into a value or the error naming the field.</summary>
internal static class ImageFields
{
    public const int MaxLabel = 100;
    public const int MaxDescription = 1024;
    public const int MaxShortText = 64;
    public const int MaxFamily = 100;
    public const int MaxUri = 1024;

    /// <summary>An enum member by name (any case); numbers are no names.</summary>
    public static bool TryParseName<TEnum>(string? value, out TEnum parsed) where TEnum : struct, Enum
    {
        parsed = default;
        return !string.IsNullOrWhiteSpace(value) && !char.IsDigit(value.Trim()[0]) && value.Trim()[0] != '-'
            && Enum.TryParse(value.Trim(), ignoreCase: true, out parsed) && Enum.IsDefined(parsed);
    }

    public static PortalResult<OsType> Os(string? value, string field) =>
        TryParseName<OsType>(value, out var os) ? os
            : PortalError.Validation(field, value is null ? ImageMessages.Format("OsTypeRequired", field) : ImageMessages.Format("NotAnOsType", value));

    public static PortalResult<OsState> OsState(string? value, string field) =>
        TryParseName<OsState>(value, out var state) ? state
            : PortalError.Validation(field, value is null ? ImageMessages.Format("OsStateRequired", field) : ImageMessages.Format("NotAnOsState", value));

    /// <summary>R3: OS disks allow ReadOnly or ReadWrite (default ReadWrite), data disks all three (default None).</summary>
    public static PortalResult<HostCaching> HostCaching(string? value, bool osDisk, string field)
    {
        if (value is null) return osDisk ? Catalogue.HostCaching.ReadWrite : Catalogue.HostCaching.None;
        if (!TryParseName<HostCaching>(value, out var caching))
            return new PortalError(ErrorCodes.InvalidHostCaching, ImageMessages.Format("NotAHostCaching", value), field);
        if (osDisk && caching == Catalogue.HostCaching.None)
            return new PortalError(ErrorCodes.InvalidHostCaching, ImageMessages.Get("OsDiskCachingNeverNone"), field);
        return caching;
    }

    public static PortalError? Lun(int? lun, string field) => lun switch
    {
        null => new PortalError(ErrorCodes.InvalidLun, ImageMessages.Get("LunRequired"), field),
        < 0 or > 63 => new PortalError(ErrorCodes.InvalidLun, ImageMessages.Format("LunOutOfRange", lun), field),
        _ => null,
    };

    public static PortalError? Label(string? label, string field = "label") => label switch
    {
        null => null,
        _ when string.IsNullOrWhiteSpace(label) => PortalError.Validation(field, ImageMessages.Get("LabelEmpty")),
        { Length: > MaxLabel } => PortalError.Validation(field, ImageMessages.Format("LabelTooLong", label.Length, MaxLabel)),
        _ => null,
    };

    public static PortalError? Text(string? value, string field, int max) =>
        value is { Length: var length } && length > max ? PortalError.Validation(field, ImageMessages.Format("TextTooLong", field, length, max)) : null;

    /// <summary>EULA, privacy and icon links: absolute http(s) URIs, or <c>""</c> to clear.</summary>
    public static PortalError? WebUri(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length > MaxUri) return PortalError.Validation(field, ImageMessages.Format("TextTooLong", field, value.Length, MaxUri));
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : PortalError.Validation(field, ImageMessages.Format("NotAWebUri", value));
    }

    /// <summary>An optional text as stored: <c>""</c> (or blanks) clears it.</summary>
    public static string? Cleared(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
