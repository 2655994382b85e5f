
namespace VmPortal.Core.Security;

/// <summary>
/// What the audit log calls each action, whoever asked for it — a page, the REST API or a script. Long work is named
/// by its operation kind; everything else the same way, a verb and a noun in PascalCase.
/// </summary>
public static class AuditActions
{
    public const string StartVm = OperationKinds.StartVm;
    public const string StopVm = OperationKinds.StopVm;
    public const string RestartVm = OperationKinds.RestartVm;
    public const string GeneralizeVm = OperationKinds.GeneralizeVm;
    public const string ResizeVm = OperationKinds.ResizeVm;
    public const string AttachDataDisk = OperationKinds.AttachDataDisk;
    public const string DetachDataDisk = OperationKinds.DetachDataDisk;
    public const string DeleteVm = OperationKinds.DeleteVm;
    public const string DeployVm = OperationKinds.DeployVm;
    public const string CaptureVmImage = OperationKinds.CaptureVmImage;
    public const string DeleteImage = OperationKinds.DeleteImage;
    public const string PurgeImage = OperationKinds.PurgeImage;
    public const string ReplicateImage = OperationKinds.ReplicateImage;
    public const string RemoveImageReplica = OperationKinds.RemoveImageReplica;
    public const string DeleteDisk = OperationKinds.DeleteDisk;
    public const string RepairStorage = OperationKinds.RepairStorage;

    public const string PreviewCapture = nameof(PreviewCapture);
    public const string UpdateImage = nameof(UpdateImage);
    public const string RestoreImage = nameof(RestoreImage);
    public const string TagVm = "TagVM";
    public const string RegisterVmImage = "RegisterVMImage";
    public const string RegisterOsImage = "RegisterOSImage";
    public const string CreateUpload = nameof(CreateUpload);
    /// <summary>A chunk of an upload: its refusals are recorded; accepted ones are covered by the upload's <see cref="CreateUpload"/>.</summary>
    public const string WriteUploadChunk = nameof(WriteUploadChunk);
    public const string CompleteUpload = nameof(CompleteUpload);
    public const string ExpireUpload = nameof(ExpireUpload);
    public const string DeleteUpload = nameof(DeleteUpload);
    public const string CreateCloudService = nameof(CreateCloudService);
    public const string DeleteCloudService = nameof(DeleteCloudService);
    public const string CreateVirtualNetwork = nameof(CreateVirtualNetwork);
    public const string CreateStorageAccount = nameof(CreateStorageAccount);

    public const string IssueToken = nameof(IssueToken);
    public const string SignIn = nameof(SignIn);
    public const string SignOut = nameof(SignOut);
    public const string ChangePassword = nameof(ChangePassword);
    public const string CreateUser = nameof(CreateUser);
    public const string SetUserRole = nameof(SetUserRole);
    public const string LockUser = nameof(LockUser);
    public const string UnlockUser = nameof(UnlockUser);
    public const string ResetPassword = nameof(ResetPassword);
    public const string CreateToken = nameof(CreateToken);
    public const string RevokeToken = nameof(RevokeToken);
    public const string RevokeAllTokens = nameof(RevokeAllTokens);

    /// <summary>Every action above, so a test can prove each changing route names one.</summary>
    public static IReadOnlySet<string> All { get; } = typeof(AuditActions).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
}
