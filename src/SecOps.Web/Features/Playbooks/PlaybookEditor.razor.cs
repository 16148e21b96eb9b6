using Microsoft.AspNetCore.Components;

namespace SecOps.Web.Features.Playbooks;

public sealed partial class PlaybookEditor
{
    /// <summary>How long typing must pause before the text is checked again (a parse per key stroke is wasted work).</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(400);

    private string _yaml = "";
    private string _gutter = "1";
    private int _lineCount = 1;
    private PlaybookParse? _parse;
    private PlaybookDefinition? _preview;
    private bool _stale;
    private bool _saving;
    private IReadOnlyList<PlaybookError> _saveErrors = [];
    private CancellationTokenSource? _pending;
    private string? _loaded;
    private bool _interactive;

    [Inject] private TimeProvider Time { get; set; } = default!;

    /// <summary>The text to start from (a version's export, or a template).</summary>
    [Parameter, EditorRequired] public string Yaml { get; set; } = "";

    /// <summary>The playbook being edited (its id may not change), or null for a new one.</summary>
    [Parameter] public string? EditingKey { get; set; }

    /// <summary>Stores the text; returns the library's outcome (its errors are shown, as a concurrent save may find some).</summary>
    [Parameter, EditorRequired] public Func<string, Task<ImportOutcome>> Save { get; set; } = default!;

    [Parameter] public string? Cancel { get; set; }

    private string State => _stale ? "checking" : _parse is { Succeeded: true } ? "valid" : "invalid";

    protected override void OnParametersSet()
    {
        if (_loaded != Yaml)
        {
            _loaded = Yaml;
            SetText(Yaml);
            Check();
        }
    }

    // After-render runs only on the circuit, not while prerendering: tests and people know typing is now checked.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private void OnInput(ChangeEventArgs e)
    {
        SetText(e.Value as string ?? "");
        _stale = true;
        _saveErrors = [];
        _pending?.Cancel();
        _pending?.Dispose();
        _pending = new CancellationTokenSource();
        _ = CheckLaterAsync(_pending.Token);
    }

    private async Task CheckLaterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Debounce, Time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await InvokeAsync(() =>
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Check();
                StateHasChanged();
            }
        });
    }

    private void SetText(string text)
    {
        _yaml = text;
        _lineCount = text.Count(c => c == '\n') + 1;
        _gutter = string.Join('\n', Enumerable.Range(1, _lineCount));
    }

    private void Check()
    {
        _parse = PlaybookDraft.Check(_yaml, EditingKey);
        _stale = false;
        if (_parse.Succeeded)
        {
            _preview = _parse.Playbooks[0];
        }
    }

    private async Task SaveAsync()
    {
        _pending?.Cancel();
        Check();
        if (!_parse!.Succeeded)
        {
            return;
        }
        _saving = true;
        try
        {
            _saveErrors = (await Save(_yaml)).Errors;
        }
        finally
        {
            _saving = false;
        }
    }

    private static int StepCount(PlaybookDefinition playbook) => playbook.Phases.Sum(p => p.Steps.Count);

    public void Dispose()
    {
        _pending?.Cancel();
        _pending?.Dispose();
    }
}
