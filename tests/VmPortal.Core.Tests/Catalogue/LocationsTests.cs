using VmPortal.Core.Catalogue;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Catalogue;

/// <summary>A location a request names: any case, one of the known ones; a hostile one refused as a name, never echoed.</summary>
public sealed class LocationsTests
{
    [Theory]
    [InlineData("north europe", "North Europe")]
    [InlineData(" West US ", "West US")]
    public void A_known_location_is_spelled_as_the_catalogue_spells_it(string given, string expected) =>
        Assert.Equal(expected, Locations.Resolve(given).Ok());

    [Fact]
    public void An_unknown_location_is_ValidationFailed_listing_the_known_ones()
    {
        var error = Locations.Resolve("Mars Central").Error!;

        Assert.Equal((ErrorCodes.ValidationFailed, "location"), (error.Code, error.Field));
        Assert.Contains("West US, East US", error.Message);
    }

    [Theory]
    [InlineData("West\u0001US")]
    [InlineData("North Europe\u200B")]
    [InlineData("West\u202EUS")]
    public void A_location_with_a_control_or_invisible_character_is_InvalidName_and_the_message_does_not_carry_it(string given)
    {
        var error = Locations.Resolve(given, "location").Error!;

        Assert.Equal((ErrorCodes.InvalidName, "location"), (error.Code, error.Field));
        Assert.DoesNotContain(error.Message, c => char.IsControl(c) || c is '\u200B' or '\u202E');
    }
}
