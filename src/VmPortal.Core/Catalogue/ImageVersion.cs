using System.Globalization;

namespace VmPortal.Core.Catalogue;

/// <summary>
/// An image's version within its family, <c>MAJOR.MINOR.PATCH</c>: three whole numbers from 0 to 2,147,483,647, compared as
/// numbers (1.10.0 comes after 1.9.0). Leading zeros are refused ("1.02.0"), so each version has one spelling and the
/// catalogue's uniqueness of the text is uniqueness of the number.
/// </summary>
public readonly record struct ImageVersion(int Major, int Minor, int Patch) : IComparable<ImageVersion>
{
    /// <summary>Three numbers of at most ten digits and two dots.</summary>
    public const int MaxLength = 32;

    public static bool TryParse(string? text, out ImageVersion version)
    {
        version = default;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 }) return false;
        var numbers = new int[3];
        for (var n = 0; n < 3; n++)
        {
            var part = parts[n];
            if (part.Length == 0 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit)
                || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out numbers[n]))
                return false;
        }
        version = new ImageVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    /// <summary>A version as a request spells it, or 400 <c>InvalidVersion</c> naming <paramref name="field"/>.</summary>
    public static PortalResult<ImageVersion> Parse(string? text, string field = "version") =>
        TryParse(text, out var version) ? version
            : new PortalError(ErrorCodes.InvalidVersion,
                CatalogueMessages.Format("VersionInvalid", NameRules.Quote(text ?? "")), field);

    public int CompareTo(ImageVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(ImageVersion left, ImageVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(ImageVersion left, ImageVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(ImageVersion left, ImageVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(ImageVersion left, ImageVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
