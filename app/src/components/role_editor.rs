//! Choosing a user's roles: driver, technician, owner (of one or more owners, by id),
//! support (with its line), admin. The roles are core's `Role`, built by `Role::from_parts`.

use ladeklar_api::{OwnerId, Role, SupportLine};
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The editor's state, one signal per choice.
#[derive(Debug, Clone, Copy)]
pub struct RoleChoice {
    driver: RwSignal<bool>,
    technician: RwSignal<bool>,
    owner: RwSignal<bool>,
    /// Owner ids, separated by commas.
    owner_ids: RwSignal<String>,
    support: RwSignal<bool>,
    line: RwSignal<SupportLine>,
    admin: RwSignal<bool>,
}

/// What is wrong with the roles chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChoiceProblem {
    OwnerWithoutId,
}

impl RoleChoice {
    /// The editor set to these roles.
    pub fn new(roles: &[Role]) -> Self {
        let owners: Vec<String> = roles
            .iter()
            .filter_map(|r| match r {
                Role::Owner { owner_id } => Some(owner_id.0.clone()),
                _ => None,
            })
            .collect();
        let line = roles
            .iter()
            .find_map(|r| match r {
                Role::Support { line } => Some(*line),
                _ => None,
            })
            .unwrap_or(SupportLine::First);
        Self {
            driver: RwSignal::new(roles.contains(&Role::Driver)),
            technician: RwSignal::new(roles.contains(&Role::Technician)),
            owner: RwSignal::new(!owners.is_empty()),
            owner_ids: RwSignal::new(owners.join(", ")),
            support: RwSignal::new(roles.iter().any(|r| matches!(r, Role::Support { .. }))),
            line: RwSignal::new(line),
            admin: RwSignal::new(roles.contains(&Role::Admin)),
        }
    }

    /// The roles chosen, or what is wrong with them.
    pub fn roles(&self) -> Result<Vec<Role>, RoleChoiceProblem> {
        let owner_ids = self.owner_ids.get_untracked();
        roles_from(
            self.driver.get_untracked(),
            self.technician.get_untracked(),
            self.owner.get_untracked().then_some(owner_ids.as_str()),
            self.support.get_untracked().then(|| self.line.get_untracked()),
            self.admin.get_untracked(),
        )
    }
}

/// The roles from the editor's choices; `owner_ids` separated by commas.
pub fn roles_from(
    driver: bool,
    technician: bool,
    owner_ids: Option<&str>,
    support: Option<SupportLine>,
    admin: bool,
) -> Result<Vec<Role>, RoleChoiceProblem> {
    let mut roles = Vec::new();
    if driver {
        roles.push(Role::Driver);
    }
    if technician {
        roles.push(Role::Technician);
    }
    if let Some(ids) = owner_ids {
        let ids: Vec<&str> = ids.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        if ids.is_empty() {
            return Err(RoleChoiceProblem::OwnerWithoutId);
        }
        roles.extend(ids.into_iter().map(|id| Role::Owner {
            owner_id: OwnerId(id.to_string()),
        }));
    }
    if let Some(line) = support {
        roles.push(Role::Support { line });
    }
    if admin {
        roles.push(Role::Admin);
    }
    Ok(roles)
}

fn line_value(line: SupportLine) -> &'static str {
    match line {
        SupportLine::First => "first",
        SupportLine::Second => "second",
        SupportLine::Third => "third",
    }
}

/// Checkboxes for the roles; `prefix` keeps the ids unique when several editors are shown.
#[component]
pub fn RoleEditor(choice: RoleChoice, prefix: String) -> impl IntoView {
    let i18n = use_i18n();
    let owner_ids_id = format!("{prefix}-owner-ids");
    let line_id = format!("{prefix}-line");
    let check = move |name: &'static str, signal: RwSignal<bool>, label: fn(crate::i18n::Lang) -> &'static str| {
        let id = format!("{prefix}-{name}");
        view! {
            <div class="check">
                <input type="checkbox" id=id.clone() data-testid=format!("role-{name}") bind:checked=signal />
                <label for=id>{move || label(i18n.lang())}</label>
            </div>
        }
    };
    view! {
        <fieldset class="roles">
            <legend>{move || i18n.a().roles}</legend>
            {check("driver", choice.driver, |l| l.role_name("driver"))}
            {check("technician", choice.technician, |l| l.role_name("technician"))}
            {check("owner", choice.owner, |l| l.role_name("owner"))}
            <Show when=move || choice.owner.get()>
                <div class="field field-nested">
                    <label for=owner_ids_id.clone()>{move || i18n.a().owner_ids}</label>
                    <input id=owner_ids_id.clone() type="text" autocomplete="off" data-testid="role-owner-ids" bind:value=choice.owner_ids />
                </div>
            </Show>
            {check("support", choice.support, |l| l.role_name("support"))}
            <Show when=move || choice.support.get()>
                <div class="field field-nested">
                    <label for=line_id.clone()>{move || i18n.a().support_line}</label>
                    <select
                        id=line_id.clone()
                        data-testid="role-support-line"
                        on:change=move |ev| {
                            let line = match event_target_value(&ev).as_str() {
                                "second" => SupportLine::Second,
                                "third" => SupportLine::Third,
                                _ => SupportLine::First,
                            };
                            choice.line.set(line);
                        }
                    >
                        {[SupportLine::First, SupportLine::Second, SupportLine::Third]
                            .into_iter()
                            .map(|line| view! {
                                <option value=line_value(line) selected=move || choice.line.get() == line>
                                    {move || i18n.lang().support_line(line)}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
            </Show>
            {check("admin", choice.admin, |l| l.role_name("admin"))}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choices_make_roles_and_an_owner_needs_an_id() {
        assert_eq!(roles_from(true, false, None, None, false), Ok(vec![Role::Driver]));
        assert_eq!(
            roles_from(false, false, Some(" o-1, ,o-2 "), Some(SupportLine::Second), true),
            Ok(vec![
                Role::Owner {
                    owner_id: OwnerId("o-1".into())
                },
                Role::Owner {
                    owner_id: OwnerId("o-2".into())
                },
                Role::Support {
                    line: SupportLine::Second
                },
                Role::Admin,
            ])
        );
        assert_eq!(
            roles_from(false, false, Some(" , "), None, false),
            Err(RoleChoiceProblem::OwnerWithoutId)
        );
    }
}
