using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Admin;

/// <summary>The administrators' access review page: the campaigns, and the open (or chosen) one's accounts and keys to decide.</summary>
public sealed partial class AccessReviewsPage
{
    private Actor _actor = Actor.Anonymous;
    private IReadOnlyList<AccessReviews.Summary>? _reviews;
    private AccessReviews.Summary? _selected;
    private IReadOnlyList<AccessReviews.Row>? _items;
    private readonly Dictionary<long, string?> _notes = [];
    private string? _message;
    private bool _failed;
    private bool _denied;
    private bool _busy;
    private bool _interactive;
    private string _newName = "";

    [Inject] private AccessReviews Reviews { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        _newName = DefaultName();
        await LoadAsync(null);
    }

    private string DefaultName() => $"Access review {Time.GetUtcNow():yyyy-MM}";

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    /// <summary>Reloads the campaigns and shows <paramref name="reviewId"/>'s items, or the open campaign's when none is chosen.</summary>
    private async Task LoadAsync(long? reviewId)
    {
        try
        {
            _reviews = await Reviews.ListAsync(_actor, CancellationToken.None);
            _selected = _reviews.FirstOrDefault(r => r.Id == reviewId) ?? _reviews.FirstOrDefault(r => r.Open);
            _items = _selected is null ? null : await Reviews.ItemsAsync(_actor, _selected.Id, CancellationToken.None);
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    private Task SelectAsync(AccessReviews.Summary review) => RunAsync(() => Task.FromResult<string?>(null), null, review.Id);

    private async Task StartAsync()
    {
        long? started = null;
        await RunAsync(async () =>
        {
            (started, var error) = await Reviews.StartAsync(_actor, _newName, CancellationToken.None);
            return error;
        }, "Review started: decide on each account and key below.", null);
        if (started is { } id)
        {
            _newName = DefaultName();
            await LoadAsync(id);
        }
    }

    private Task DecideAsync(AccessReviews.Row item, AccessDecision decision) => RunAsync(
        () => Reviews.DecideAsync(_actor, _selected!.Id, item.Id, decision, _notes.GetValueOrDefault(item.Id), CancellationToken.None),
        decision == AccessDecision.Revoke ? $"{item.Label}: revoked." : $"{item.Label}: kept.", _selected!.Id);

    private Task CompleteAsync() => RunAsync(() => Reviews.CompleteAsync(_actor, _selected!.Id, CancellationToken.None),
        "Review completed: it is now evidence on the compliance pages.", _selected!.Id);

    /// <summary>Runs one action (an error message or null), says how it went and reloads, showing <paramref name="reviewId"/>.</summary>
    private async Task RunAsync(Func<Task<string?>> action, string? success, long? reviewId)
    {
        _busy = true;
        try
        {
            var error = await action();
            _failed = error is not null;
            _message = error ?? success;
            await LoadAsync(reviewId);
        }
        catch (AccessDeniedException)
        {
            _failed = true;
            _message = "Only administrators review access.";
        }
        finally
        {
            _busy = false;
        }
    }
}
