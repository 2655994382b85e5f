using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Web.Components.Shared;

namespace VmPortal.Web.Tests.Shared;

/// <summary>Locations read in the page's language, as Azure China names them; the catalogue's English names stay the values.</summary>
public sealed class LocationTextTests
{
    [Theory]
    [InlineData("West US", "美国西部")]
    [InlineData("East US", "美国东部")]
    [InlineData("North Europe", "北欧")]
    [InlineData("West Europe", "西欧")]
    [InlineData("East Asia", "东亚")]
    [InlineData("Southeast Asia", "东南亚")]
    public void Every_known_location_has_its_Chinese_name(string location, string chinese)
    {
        using var _ = InCulture.Chinese();

        Assert.Equal(chinese, LocationText.Name(location));
    }

    [Fact]
    public void Every_location_of_the_catalogue_reads_as_itself_in_English_and_otherwise_in_Chinese()
    {
        using (new InCulture("en-US"))
            Assert.Equal(Locations.All, Locations.All.Select(LocationText.Name));
        using var _ = InCulture.Chinese();
        Assert.All(Locations.All, l => Assert.NotEqual(l, LocationText.Name(l)));
        Assert.Equal("Mars Central", LocationText.Name("Mars Central"));
    }
}
