using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Security;
using VmPortal.Core.Uploads;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Images;

namespace VmPortal.Web.Tests.Lifecycle;

/// <summary>The gallery's "Upload VHD" dialog as the page sees it; the browser side (vhd-upload.js) is stood in for by its callbacks.</summary>
public sealed class UploadVhdDialogTests : PortalBunitContext
{
    public UploadVhdDialogTests() : base(new TestClock())
    {
        Services.AddSingleton<UploadService>();
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
    }

    [Fact]
    public async Task A_file_whose_footer_the_browser_refused_says_why_and_offers_no_upload()
    {
        var page = Render<ImageGallery>();
        var dialogs = Render<MudBlazor.MudDialogProvider>();

        await page.InvokeAsync(() => page.Find("[data-testid=upload-vhd]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=vhd-drop]")));
        var dialog = dialogs.FindComponent<UploadVhdDialog>();
        await dialog.InvokeAsync(() => dialog.Instance.FileChosen(new UploadVhdDialog.ChosenFile(
            "disk.vhd", 8 * 1024 * 1024 + 512, 0, "This is a dynamically expanding VHD; convert it to a fixed VHD first.", null)));

        dialogs.WaitForAssertion(() => Assert.Contains("dynamically expanding", dialogs.Find("[data-testid=vhd-problem]").TextContent));
        Assert.Empty(dialogs.FindAll("[data-testid=upload-start]"));
        Assert.Contains("8 MB", dialogs.Find("[data-testid=vhd-file-name]").TextContent);
    }

    [Fact]
    public async Task A_good_file_offers_a_blob_name_made_from_its_file_name_and_a_location()
    {
        var page = Render<ImageGallery>();
        var dialogs = Render<MudBlazor.MudDialogProvider>();

        await page.InvokeAsync(() => page.Find("[data-testid=upload-vhd]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=vhd-drop]")));
        var dialog = dialogs.FindComponent<UploadVhdDialog>();
        await dialog.InvokeAsync(() => dialog.Instance.FileChosen(new UploadVhdDialog.ChosenFile("My Disk (copy).VHD", 8 * 1024 * 1024 + 512, 0, null, null)));

        dialogs.WaitForAssertion(() => Assert.Equal("Upload", dialogs.Find("[data-testid=upload-start]").TextContent.Trim()));
        Assert.Contains("My-Disk--copy-.vhd is created", dialogs.Markup, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll("[data-testid=vhd-resume]"));
    }

    [Fact]
    public async Task The_browser_script_is_given_its_words_in_the_pages_language()
    {
        using var _ = InCulture.Chinese();
        var module = JSInterop.SetupModule("./js/vhd-upload.js");
        var page = Render<ImageGallery>();
        var dialogs = Render<MudBlazor.MudDialogProvider>();

        await page.InvokeAsync(() => page.Find("[data-testid=upload-vhd]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=vhd-drop]")));

        dialogs.WaitForAssertion(() => module.VerifyInvoke("attach"));
        var attach = module.VerifyInvoke("attach");
        var texts = Assert.IsType<Dictionary<string, string>>(attach.Arguments[3]);
        Assert.Contains("动态扩展", texts["VhdDynamic"]);
        Assert.Contains("{0}", texts["VhdTooShort"]);
        Assert.Contains("{0}", texts["VhdConnectionDropped"]);
    }

    [Fact]
    public void A_reader_sees_no_Upload_VHD()
    {
        Authorization.SetRoles(PortalRoles.Reader);

        var page = Render<ImageGallery>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=gallery-toolbar]")));
        Assert.Empty(page.FindAll("[data-testid=upload-vhd]"));
    }

    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("token", "__RequestVerificationToken");
    }
}
