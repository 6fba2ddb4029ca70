package org.discardsearch.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;

class StateTest {

    @Test
    void rootHasEveryLayerUndecided() {
        State root = State.root(3);
        assertEquals(List.of(-1, -1, -1), root.phases());
        assertTrue(root.isRoot());
        assertEquals(0, root.firstUndecided());
        assertFalse(root.isLeaf());
    }

    @Test
    void withPhaseDecidesOneLayerAndLeavesTheOriginalUnchanged() {
        State root = State.root(3);
        State child = root.withPhase(0, 3).withPhase(1, 1);
        assertEquals(List.of(3, 1, -1), child.phases());
        assertEquals(2, child.firstUndecided());
        assertEquals(List.of(-1, -1, -1), root.phases());
    }

    @Test
    void stateWithEveryLayerDecidedIsALeaf() {
        State leaf = State.of(0, 2, 1);
        assertTrue(leaf.isLeaf());
        assertEquals(-1, leaf.firstUndecided());
    }

    @Test
    void computedPhasesReadUndecidedAsZero() {
        assertEquals(List.of(2, 0, 0), State.of(2, -1, 0).computedPhases());
    }

    @Test
    void copiesItsPhases() {
        List<Integer> phases = new ArrayList<>(List.of(1, -1));
        State state = new State(phases);
        phases.set(0, 3);
        assertEquals(List.of(1, -1), state.phases());
    }

    @Test
    void rejectsEntriesBelowUndecided() {
        SearchException error = assertThrows(SearchException.class, () -> State.of(0, -2));
        assertTrue(error.getMessage().contains("[0, -2]"), error.getMessage());
        assertEquals(ErrorCategory.INTERNAL, error.category());
    }

    @Test
    void rejectsZeroDepth() {
        SearchException error = assertThrows(SearchException.class, () -> State.root(0));
        assertTrue(error.getMessage().contains("'0'"), error.getMessage());
    }

    @Test
    void rejectsDecidingAPositionOutsideTheState() {
        SearchException error = assertThrows(SearchException.class, () -> State.root(2).withPhase(2, 1));
        assertTrue(error.getMessage().contains("position = '2'"), error.getMessage());
    }
}
