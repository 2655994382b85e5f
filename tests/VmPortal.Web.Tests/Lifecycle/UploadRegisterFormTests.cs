using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Uploads;
using VmPortal.Web.Components.Pages.Images;
using static VmPortal.Web.Tests.ImageFixtures;

namespace VmPortal.Web.Tests.Lifecycle;

/// <summary>
/// The last step of "Upload VHD": the blob becomes an image, and like a capture it can be a version of a family, the family's next
/// version suggested. The blob is nowhere (no storage here): what is checked is what the form asks and sends.
/// </summary>
public sealed class UploadRegisterFormTests : PortalBunitContext
{
    private const string Blob = "http://127.0.0.1:1/devstoreaccount1/vhds/uploaded.vhd";

    public UploadRegisterFormTests() => Services.AddSingleton<UploadService>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await AddAsync(Database, Image("web-100", ImageKind.OSImage, OsType.Linux, OsState.Generalized, family: "web"));
        await using var db = Database.CreateDbContext();
        db.Images.Single().Version = "1.0.0";
        Assert.Equal(1, await db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_family_given_suggests_its_next_version()
    {
        var form = Render<UploadRegisterForm>(p => p.Add(c => c.MediaLink, Blob).Add(c => c.DefaultName, "uploaded"));

        await form.InvokeAsync(() => form.Find("input[data-testid=register-family]").Input("web"));

        form.WaitForAssertion(() => Assert.Equal("1.0.1", form.Find("input[data-testid=register-version]").GetAttribute("value")));
        Assert.Contains("Next in web: 1.0.1", VersionField(form).TextContent);
    }

    [Fact]
    public async Task The_version_goes_with_the_registration_and_a_bad_one_is_said_beside_its_field()
    {
        var form = Render<UploadRegisterForm>(p => p.Add(c => c.MediaLink, Blob).Add(c => c.DefaultName, "uploaded"));

        await form.InvokeAsync(() => form.Find("input[data-testid=register-family]").Input("web"));
        form.WaitForAssertion(() => Assert.Equal("1.0.1", form.Find("input[data-testid=register-version]").GetAttribute("value")));
        await form.InvokeAsync(() => form.Find("input[data-testid=register-version]").Change("1.x"));
        await form.InvokeAsync(() => form.Find("[data-testid=register-submit]").Click());

        // After the suggestion (1.0.1) came, so the typed version is the one sent.
        form.WaitForAssertion(() => Assert.Contains("'1.x' is not a version", VersionField(form).QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent));
        Assert.Empty(form.FindAll("[data-testid=register-error]"));
    }

    /// <summary>The version field with its label and helper or error text.</summary>
    private static AngleSharp.Dom.IElement VersionField(IRenderedComponent<UploadRegisterForm> form) =>
        form.Find("input[data-testid=register-version]").Closest(".mud-input-control")!;
}
