namespace VmPortal.Core.Operations;

/// <summary>The sentences of operations (OperationMessages.resx, English and 简体中文): status words, outcomes and abandonments.</summary>
public sealed class OperationMessages : ResourceText<OperationMessages>;
