using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;

namespace VmPortal.Web.Tests.Localization;

/// <summary>The words for codes (statuses, operations, audit actions, enum values) in the reader's language, with the codes themselves unchanged.</summary>
public sealed class DisplayNamesTests
{
    [Fact]
    public void Statuses_operations_and_audit_actions_read_in_Chinese_under_a_Chinese_culture()
    {
        using var _ = InCulture.Chinese();

        Assert.Equal("正在运行 — SSH 尚未就绪", DisplayNames.VmStatus(VmStatus.RoleStateUnknown, OsType.Linux));
        Assert.Equal("已停止（已解除分配）", DisplayNames.VmStatus(VmStatus.StoppedDeallocated));
        Assert.Equal("捕捉映像", DisplayNames.OperationKind(OperationKinds.CaptureVmImage));
        Assert.Equal("创建用户", DisplayNames.AuditAction("user.create"));
        Assert.Equal("登录", DisplayNames.AuditAction(Core.Security.AuditActions.SignIn));
        Assert.Equal("通用化", DisplayNames.Of(OsState.Generalized));
        Assert.Equal("虚拟机映像", DisplayNames.Of(ImageKind.VMImage));
    }

    [Fact]
    public void Every_status_operation_kind_audit_action_and_shown_enum_value_has_its_own_Chinese_words()
    {
        var codes = new List<(string Code, Func<string> Words)>();
        foreach (var status in Enum.GetValues<VmStatus>())
            foreach (var os in Enum.GetValues<OsType>())
                codes.Add(($"{status}/{os}", () => DisplayNames.VmStatus(status, os)));
        foreach (var kind in Constants(typeof(OperationKinds)))
            codes.Add((kind, () => DisplayNames.OperationKind(kind)));
        foreach (var action in Constants(typeof(Core.Security.AuditActions)))
            codes.Add((action, () => DisplayNames.AuditAction(action)));
        Add(codes, Enum.GetValues<OsState>());
        Add(codes, Enum.GetValues<ImageKind>());
        Add(codes, Enum.GetValues<ImageState>());
        Add(codes, Enum.GetValues<HostCaching>());
        Add(codes, Enum.GetValues<OperationStatus>());
        Add(codes, Enum.GetValues<ReplicaState>());
        Add(codes, Enum.GetValues<AuditOutcome>());
        Add(codes, Enum.GetValues<UploadState>());

        List<string> english, chinese;
        using (new InCulture("en")) english = [.. codes.Select(c => c.Words())];
        using (InCulture.Chinese()) chinese = [.. codes.Select(c => c.Words())];

        var untranslated = codes.Where((c, i) => english[i] == chinese[i]).Select(c => c.Code).ToList();
        Assert.True(untranslated.Count == 0, "no Chinese for: " + string.Join(", ", untranslated));
    }

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    private static void Add<TEnum>(List<(string, Func<string>)> codes, IEnumerable<TEnum> values) where TEnum : struct, Enum
    {
        foreach (var value in values) codes.Add(($"{typeof(TEnum).Name}.{value}", () => DisplayNames.Of(value)));
    }
}
