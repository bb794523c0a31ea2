// Allocation-free stable merge sort of int indices with a struct (or ref struct) comparer.
namespace Plasmite.Lite3;

internal interface IIndexComparer
{
    int Compare(int x, int y);
}

internal static class IndexSort
{
    private const int InsertionThreshold = 16;

    /// <summary>Sorts <paramref name="items"/> stably; <paramref name="scratch"/> must be at least half as long.</summary>
    public static void Sort<T>(Span<int> items, Span<int> scratch, ref T comparer)
        where T : struct, IIndexComparer, allows ref struct
    {
        int n = items.Length;
        if (n <= InsertionThreshold)
        {
            for (int i = 1; i < n; i++)
            {
                int x = items[i];
                int j = i - 1;
                while (j >= 0 && comparer.Compare(items[j], x) > 0)
                {
                    items[j + 1] = items[j];
                    j--;
                }

                items[j + 1] = x;
            }

            return;
        }

        int mid = n / 2;
        Sort(items[..mid], scratch, ref comparer);
        Sort(items[mid..], scratch, ref comparer);
        if (comparer.Compare(items[mid - 1], items[mid]) <= 0)
        {
            return; // already in order (the common case for pre-sorted input)
        }

        Span<int> left = scratch[..mid];
        items[..mid].CopyTo(left);
        int a = 0;
        int b = mid;
        int k = 0;
        while (a < mid && b < n)
        {
            items[k++] = comparer.Compare(left[a], items[b]) <= 0 ? left[a++] : items[b++];
        }

        while (a < mid)
        {
            items[k++] = left[a++];
        }
    }
}
