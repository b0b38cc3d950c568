package io.cdcfanout.routingrules.model;

/** How the conditions of a group combine. */
public enum ConditionLogic {
    AND, OR
}
