using ReleaseLint.Inputs.Workflows;

namespace ReleaseLint.Tests.Workflows;

public sealed class ActionReferenceTests
{
    [Theory]
    [InlineData("./.github/actions/setup", ActionReferenceKind.Local, "./.github/actions/setup", false)]
    [InlineData("$/.github/actions/setup", ActionReferenceKind.Local, "./.github/actions/setup", true)]
    [InlineData("$/./actions/git-sign", ActionReferenceKind.Local, "./actions/git-sign", true)]
    [InlineData("$/.github/workflows/lint.yml", ActionReferenceKind.Local, "./.github/workflows/lint.yml", true)]
    [InlineData("$/.github/actions/setup@v1", ActionReferenceKind.Invalid, "", false)]
    [InlineData("$/${{ inputs.action }}", ActionReferenceKind.Invalid, "", false)]
    [InlineData("actions/checkout@v4", ActionReferenceKind.Repository, "", false)]
    public void Self_repository_references_are_local(string uses, ActionReferenceKind kind, string path, bool self)
    {
        var reference = ActionReference.Parse(uses);
        Assert.Equal((kind, path, self), (reference.Kind, reference.Path, reference.SelfRepository));
        Assert.Equal(uses, reference.Raw);
    }
}
