using VmPortal.Core.Catalogue;
using VmPortal.Core.Seeding;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Images;

namespace VmPortal.Web.Tests.Images;

/// <summary>
/// The public images' descriptions are the portal's own words, so a Chinese reader gets them in Chinese; a user image's
/// description is shown as its owner wrote it, in any language.
/// </summary>
public sealed class PublicImageDescriptionTests
{
    public static TheoryData<string> PublicImageNames => [.. PublicImages.All.Select(i => i.Name)];

    [Theory]
    [MemberData(nameof(PublicImageNames))]
    public void A_public_image_describes_itself_in_the_readers_language(string name)
    {
        var seeded = PublicImages.All.Single(i => i.Name == name).Description;

        var english = ImageText.Description(name, ImageCategory.Public, seeded);
        string? chinese;
        using (InCulture.Chinese()) chinese = ImageText.Description(name, ImageCategory.Public, seeded);

        Assert.Equal(seeded, english);
        Assert.NotEqual(seeded, chinese);
        Assert.Contains("，已使用", chinese);
    }

    [Fact]
    public void A_user_images_description_stays_as_its_owner_wrote_it()
    {
        using var _ = InCulture.Chinese();

        Assert.Equal("IIS with the web tier", ImageText.Description("Ubuntu-Server-14.04-LTS", ImageCategory.User, "IIS with the web tier"));
    }
}
