using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Tests.Catalogue;

/// <summary>MAJOR.MINOR.PATCH: one spelling per version, compared as numbers.</summary>
public sealed class ImageVersionTests
{
    [Theory]
    [InlineData("0.0.0", 0, 0, 0)]
    [InlineData("1.4.2", 1, 4, 2)]
    [InlineData("1.10.0", 1, 10, 0)]
    [InlineData("2147483647.0.2147483647", int.MaxValue, 0, int.MaxValue)]
    public void A_version_is_three_whole_numbers(string text, int major, int minor, int patch)
    {
        var version = ImageVersion.Parse(text);

        Assert.Equal(new ImageVersion(major, minor, patch), version.Value);
        Assert.Equal(text, version.Value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("1.2.")]
    [InlineData(".1.2")]
    [InlineData("v1.2.3")]
    [InlineData("1.02.3")]
    [InlineData("01.2.3")]
    [InlineData("-1.2.3")]
    [InlineData("+1.2.3")]
    [InlineData(" 1.2.3")]
    [InlineData("1.2.3 ")]
    [InlineData("1.2.3-beta")]
    [InlineData("1.2.2147483648")]
    [InlineData("1.\u0661.3")] // an Arabic-Indic digit one: a digit, but not an ASCII one
    [InlineData("1.2.3\u0007")]
    public void Anything_else_is_InvalidVersion_naming_the_field(string text)
    {
        var version = ImageVersion.Parse(text, "osImage.version");

        Assert.Equal((ErrorCodes.InvalidVersion, "osImage.version"), (version.Error?.Code, version.Error?.Field));
        Assert.DoesNotContain("\u0007", version.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_compare_as_numbers_not_as_text()
    {
        var texts = new[] { "1.10.0", "1.9.0", "1.2.10", "10.0.0", "1.2.9", "2.0.0", "0.9.99" };

        var ordered = texts.Select(t => ImageVersion.Parse(t).Value).Order().Select(v => v.ToString());

        Assert.Equal(["0.9.99", "1.2.9", "1.2.10", "1.9.0", "1.10.0", "2.0.0", "10.0.0"], ordered);
        Assert.True(ImageVersion.Parse("1.10.0").Value > ImageVersion.Parse("1.9.0").Value);
        Assert.True(string.CompareOrdinal("1.10.0", "1.9.0") < 0, "as text, 1.10.0 would sort first");
    }
}
